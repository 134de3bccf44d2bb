// Internal helpers of the bridge: the per-thread error message and the guard that turns every C++
// exception into a status code before it can reach the C ABI.
#pragma once

#include <opencv2/core.hpp>
#include <exception>
#include <string>

#include "robotedge_opencv.h"

namespace reb {

/* Records msg as this thread's last error and returns code. */
int32_t fail(int32_t code, const std::string& msg);

/* Runs body (returning an int32_t status), converting any exception into a status code. */
template <typename Body>
int32_t guard(const char* where, Body&& body) noexcept {
  try {
    return body();
  } catch (const cv::Exception& e) {
    return fail(REB_E_OPENCV, std::string(where) + ": OpenCV: " + e.what());
  } catch (const std::exception& e) {
    return fail(REB_E_INTERNAL, std::string(where) + ": " + e.what());
  } catch (...) {
    return fail(REB_E_INTERNAL, std::string(where) + ": unknown C++ exception");
  }
}

/* A Mat header over a caller's BGR24 buffer: no copy, no ownership. */
inline cv::Mat wrap_bgr(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride) {
  return cv::Mat(height, width, CV_8UC3, const_cast<uint8_t*>(bgr), static_cast<size_t>(stride));
}

/* Validates a BGR24 buffer description; returns REB_OK or records an argument error. */
int32_t check_image(const char* where, const void* bgr, int32_t width, int32_t height, int32_t stride);

}  // namespace reb
