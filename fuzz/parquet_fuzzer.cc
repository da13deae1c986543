// libFuzzer target for the Parquet reader: every input is opened as a Parquet file and every
// column chunk of every row group is decoded (whole and through a row selection). A clear
// floe::Error is the expected outcome on bad input; a crash, a sanitizer report, a hang or a
// huge allocation is a bug. Build and run with `make fuzz-parquet` (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/file_system.h"
#include "io/parquet/parquet_reader.h"

namespace floe::io {

namespace {

/// The current fuzz input. libFuzzer allocates it with exactly `size` bytes on the heap, so
/// AddressSanitizer catches any read past its end (a memory-mapped file would hide reads up to
/// the end of the page).
struct FuzzInput {
  const uint8_t* data = nullptr;
  size_t size = 0;
};
FuzzInput current_input;

class InputFile final : public RandomAccessFile {
 public:
  int64_t size() const override { return static_cast<int64_t>(current_input.size); }
  BufferPtr read_at(int64_t offset, int64_t length) const override {
    const auto size = static_cast<int64_t>(current_input.size);
    FLOE_USER_CHECK(offset >= 0 && length >= 0 && offset <= size && length <= size - offset, IoError,
                    "read of [{}, {}) past the end of a file of {} bytes", offset, offset + length, size);
    // A view without an owner: the input outlives every buffer of one run.
    return Buffer::wrap(current_input.data + offset, static_cast<size_t>(length), nullptr);
  }
};

class InputFileSystem final : public FileSystem {
 public:
  std::unique_ptr<RandomAccessFile> open_read(const std::string&) const override {
    return std::make_unique<InputFile>();
  }
  std::unique_ptr<OutputStream> open_write(const std::string& path) const override {
    throw IoError("the fuzz file system is read-only: cannot write '" + path + "'");
  }
  bool exists(const std::string&) const override { return true; }
};

}  // namespace

// Replaces the definition in local_file_system.cc: the linker takes this one and never pulls
// that object out of libfloe_io.a, so every path the reader opens serves the fuzz input from
// memory instead of a temporary file.
const FileSystem& FileSystem::for_path(const std::string&) {
  static const InputFileSystem input;
  return input;
}

namespace {

/// A selection of rows within a row group of `rows` rows: every third row plus the last one,
/// sorted and distinct, as late materialization passes them.
std::vector<uint32_t> sample_rows(int64_t rows) {
  std::vector<uint32_t> out;
  for (int64_t r = 0; r < rows; r += 3) out.push_back(static_cast<uint32_t>(r));
  if (rows > 0 && (rows - 1) % 3 != 0) out.push_back(static_cast<uint32_t>(rows - 1));
  return out;
}

void exercise(const std::shared_ptr<const ParquetFile>& file) {
  const int columns = static_cast<int>(file->schema().size());
  (void)file->num_rows();
  for (int g = 0; g < file->num_row_groups(); ++g) {
    const int64_t rows = file->row_group_rows(g);
    for (int c = 0; c < columns; ++c) {
      // Each step on its own: an error in one must not hide a crash in the next.
      try {
        (void)file->statistics(g, c);
      } catch (const InternalError&) {
        throw;
      } catch (const Error&) {
      }
      try {
        ColumnPtr whole = file->read_column(g, c);
        // The row selection is only meaningful up to the row group's size (and a row count a
        // corrupt footer inflates must not turn into a huge selection vector here).
        if (rows > 0 && rows <= (1 << 20)) {
          std::vector<uint32_t> selection = sample_rows(rows);
          (void)file->read_column(g, c, &selection);
        }
      } catch (const InternalError&) {
        throw;
      } catch (const Error&) {
      }
    }
  }
}

}  // namespace

}  // namespace floe::io

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  floe::io::current_input = {data, size};
  try {
    floe::io::exercise(floe::io::ParquetFile::open("fuzz-input.parquet"));
  } catch (const floe::InternalError&) {
    // A FLOE_CHECK failing on bad input means the reader trusted the file somewhere it should
    // have checked it: a bug (Python users would see a PanicException), so let it crash.
    throw;
  } catch (const floe::Error&) {
    // The expected outcome for a corrupt file: a clear error.
  }
  floe::io::current_input = {};
  return 0;
}
