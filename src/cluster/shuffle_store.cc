// Task outputs on the worker's disk (see shuffle_store.h).
#include "cluster/shuffle_store.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cluster/block_format.h"
#include "cluster/task_runner.h"
#include "core/error.h"

namespace floe::cluster {

namespace fs = std::filesystem;

void check_query_id(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  FLOE_USER_CHECK(ok, InvalidArgument, "malformed query id '{}'", id.substr(0, 80));
}

ShuffleStore::ShuffleStore(std::string root) : root_(std::move(root)) { fs::create_directories(root_); }

std::string ShuffleStore::path(const std::string& query, int stage, int task, int partition) const {
  check_query_id(query);
  return fmt::format("{}/{}/{}-{}-{}.blocks", root_, query, stage, task, partition);
}

std::vector<int64_t> ShuffleStore::write(const std::string& query, int stage, int task,
                                         const std::vector<DataFrame>& partitions) {
  fs::create_directories(fs::path(root_) / query);
  std::vector<int64_t> sizes;
  for (size_t p = 0; p < partitions.size(); ++p) {
    const std::string file = path(query, stage, task, static_cast<int>(p));
    const std::string tmp = file + ".tmp";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    FLOE_USER_CHECK(out.good(), IoError, "cannot write shuffle file '{}'", tmp);
    int64_t bytes = 0;
    const DataFrame& frame = partitions[p];
    // At least one block, so that an empty partition still carries its schema.
    int64_t offset = 0;
    do {
      std::string block = encode_block(frame.slice(offset, kBlockRows));
      uint64_t size = block.size();
      char header[8];
      std::memcpy(header, &size, 8);
      out.write(header, 8);
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      bytes += static_cast<int64_t>(block.size()) + 8;
      offset += kBlockRows;
    } while (offset < frame.num_rows());
    out.close();
    FLOE_USER_CHECK(out.good(), IoError, "writing shuffle file '{}' failed (disk full?)", tmp);
    fs::rename(tmp, file);  // readers never see a partial file
    sizes.push_back(bytes);
  }
  return sizes;
}

void ShuffleStore::read_blocks(const std::string& query, int stage, int task, int partition,
                               const std::function<void(std::string_view)>& block) const {
  const std::string file = path(query, stage, task, partition);
  std::ifstream in(file, std::ios::binary);
  FLOE_USER_CHECK(in.good(), IoError, "shuffle partition {} of stage {} task {} of query {} is not on this worker",
                  partition, stage, task, query);
  std::string buffer;
  char header[8];
  while (in.read(header, 8)) {
    uint64_t size;
    std::memcpy(&size, header, 8);
    FLOE_USER_CHECK(size <= (uint64_t{1} << 34), IoError, "corrupt shuffle file '{}': block of {} bytes", file, size);
    buffer.resize(size);
    in.read(buffer.data(), static_cast<std::streamsize>(size));
    FLOE_USER_CHECK(static_cast<uint64_t>(in.gcount()) == size, IoError, "truncated shuffle file '{}'", file);
    block(buffer);
  }
}

void ShuffleStore::release(const std::string& query) {
  check_query_id(query);
  std::error_code ignored;
  fs::remove_all(fs::path(root_) / query, ignored);
}

DataFrame decode_blocks(const Schema& schema, const std::vector<std::string>& blocks) {
  std::vector<DataFrame> frames;
  frames.reserve(blocks.size());
  for (const auto& b : blocks) {
    frames.push_back(decode_block(b));
    FLOE_USER_CHECK(frames.back().schema() == schema, SchemaMismatch,
                    "a data block holds columns {} where {} were expected", frames.back().schema().to_string(),
                    schema.to_string());
  }
  return concat_frames(schema, frames);
}

}  // namespace floe::cluster
