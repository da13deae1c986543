// Floe's error model: typed exceptions for user errors, and internal-invariant checks.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace floe {

/// Base of every error Floe raises. `kind()` names the class as Polars names it in Python.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
  virtual const char* kind() const noexcept { return "ComputeError"; }
};

/// A column referenced by name does not exist.
class ColumnNotFound : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "ColumnNotFoundError"; }
};

/// Schemas or types do not fit together (e.g. adding a string to an integer).
class SchemaMismatch : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "SchemaError"; }
};

/// An operation was asked for that the inputs do not support.
class InvalidOperation : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "InvalidOperationError"; }
};

/// An argument is out of range or malformed.
class InvalidArgument : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "InvalidOperationError"; }
};

/// Lengths of columns or frames do not agree.
class ShapeMismatch : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "ShapeError"; }
};

/// A computation failed on the data (bad cast in strict mode, overflow, malformed input).
class ComputeError : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "ComputeError"; }
};

/// Reading or writing a file failed.
class IoError : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "IoError"; }
};

/// A duplicate column name in an output schema.
class DuplicateError : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "DuplicateError"; }
};

/// A bug in Floe: an invariant that should always hold did not.
class InternalError : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "PanicException"; }
};

/// The query was cancelled (e.g. Ctrl-C in Python).
class Cancelled : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "KeyboardInterrupt"; }
};

/// A service could not be reached or failed (a scheduler or worker down, a dropped connection).
class ConnectionFailed : public Error {
 public:
  using Error::Error;
  const char* kind() const noexcept override { return "RuntimeError"; }
};

/// An error raised in another process of the cluster, carrying the kind it had there.
class RemoteError : public Error {
 public:
  RemoteError(std::string kind, const std::string& msg) : Error(msg), kind_(std::move(kind)) {}
  const char* kind() const noexcept override { return kind_.c_str(); }

 private:
  std::string kind_;
};

}  // namespace floe

/// Raise `ErrorType` with a formatted message when `cond` is false (user-facing errors).
#define FLOE_USER_CHECK(cond, ErrorType, ...)            \
  do {                                                   \
    if (!(cond)) [[unlikely]] {                          \
      throw ErrorType(fmt::format(__VA_ARGS__));         \
    }                                                    \
  } while (0)

/// Raise an InternalError when an invariant is broken.
#define FLOE_CHECK(cond, ...)                                                        \
  do {                                                                               \
    if (!(cond)) [[unlikely]] {                                                      \
      throw ::floe::InternalError(fmt::format("internal error at {}:{}: {}",         \
                                              __FILE__, __LINE__,                    \
                                              fmt::format(__VA_ARGS__)));            \
    }                                                                                \
  } while (0)
