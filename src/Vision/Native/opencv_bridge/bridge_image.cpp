// Still images (imgcodecs): calibration images in, rendered test images out.
#include <opencv2/imgcodecs.hpp>

#include "bridge_common.h"

extern "C" int32_t reb_image_size(const char* path, int32_t* width, int32_t* height) {
  return reb::guard("read image", [&]() -> int32_t {
    if (path == nullptr || width == nullptr || height == nullptr) return reb::fail(REB_E_ARGUMENT, "read image: null argument");
    cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    if (image.empty()) return reb::fail(REB_E_OPEN, std::string("read image: cannot decode ") + path);
    *width = image.cols;
    *height = image.rows;
    return REB_OK;
  });
}

extern "C" int32_t reb_image_read(const char* path, uint8_t* bgr, int32_t width, int32_t height, int32_t stride) {
  return reb::guard("read image", [&]() -> int32_t {
    if (path == nullptr) return reb::fail(REB_E_ARGUMENT, "read image: null path");
    int32_t status = reb::check_image("read image", bgr, width, height, stride);
    if (status != REB_OK) return status;
    cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    if (image.empty()) return reb::fail(REB_E_OPEN, std::string("read image: cannot decode ") + path);
    if (image.cols != width || image.rows != height)
      return reb::fail(REB_E_SIZE, std::string("read image: ") + path + " is " + std::to_string(image.cols) + "x" +
                                       std::to_string(image.rows) + ", the buffer " + std::to_string(width) + "x" +
                                       std::to_string(height));
    cv::Mat destination = reb::wrap_bgr(bgr, width, height, stride);
    image.copyTo(destination);
    return REB_OK;
  });
}

extern "C" int32_t reb_image_write(const char* path, const uint8_t* bgr, int32_t width, int32_t height, int32_t stride) {
  return reb::guard("write image", [&]() -> int32_t {
    if (path == nullptr) return reb::fail(REB_E_ARGUMENT, "write image: null path");
    int32_t status = reb::check_image("write image", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (!cv::imwrite(path, reb::wrap_bgr(bgr, width, height, stride)))
      return reb::fail(REB_E_OPEN, std::string("write image: cannot write ") + path);
    return REB_OK;
  });
}
