// The floe binary: one executable for every role (local engine now; scheduler and worker later).
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "version") == 0)) {
    std::printf("floe 0.1.0\n");
    return 0;
  }
  std::fprintf(stderr, "usage: floe --version\n");
  return argc > 1 ? 2 : 0;
}
