#include "bridge_common.h"

#include <cstring>

namespace {
thread_local std::string last_error;
}

namespace reb {

int32_t fail(int32_t code, const std::string& msg) {
  last_error = msg;
  return code;
}

int32_t check_image(const char* where, const void* bgr, int32_t width, int32_t height, int32_t stride) {
  if (bgr == nullptr) return fail(REB_E_ARGUMENT, std::string(where) + ": image buffer is null");
  if (width <= 0 || height <= 0)
    return fail(REB_E_ARGUMENT, std::string(where) + ": image size " + std::to_string(width) + "x" +
                                    std::to_string(height) + " must be positive");
  if (stride < width * 3)
    return fail(REB_E_ARGUMENT, std::string(where) + ": stride " + std::to_string(stride) +
                                    " is less than 3 bytes per pixel");
  return REB_OK;
}

}  // namespace reb

extern "C" int32_t reb_last_error(char* buffer, int32_t capacity) {
  if (buffer == nullptr || capacity <= 0) return static_cast<int32_t>(last_error.size());
  size_t n = std::min(last_error.size(), static_cast<size_t>(capacity - 1));
  std::memcpy(buffer, last_error.data(), n);
  buffer[n] = '\0';
  return static_cast<int32_t>(n);
}

extern "C" int32_t reb_opencv_version(void) {
  return CV_VERSION_MAJOR * 10000 + CV_VERSION_MINOR * 100 + CV_VERSION_REVISION;
}

extern "C" int32_t reb_set_threads(int32_t threads) {
  return reb::guard("set threads", [&]() -> int32_t {
    cv::setNumThreads(threads);
    return cv::getNumThreads();
  });
}
