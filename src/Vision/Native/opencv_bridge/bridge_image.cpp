// Still images (imgcodecs): calibration images in, rendered test images out.
#include <cstring>
#include <vector>

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

extern "C" int32_t reb_jpeg_encode(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride, int32_t quality,
                                   uint8_t* output, int32_t capacity, int32_t* length) {
  return reb::guard("encode JPEG", [&]() -> int32_t {
    if (output == nullptr || length == nullptr || capacity < 0) return reb::fail(REB_E_ARGUMENT, "encode JPEG: bad output buffer");
    if (quality < 1 || quality > 100) return reb::fail(REB_E_ARGUMENT, "encode JPEG: quality must be 1..100");
    int32_t status = reb::check_image("encode JPEG", bgr, width, height, stride);
    if (status != REB_OK) return status;
    // One buffer per thread, kept: after the first frames imencode reuses its capacity.
    thread_local std::vector<uchar> encoded;
    encoded.clear();
    if (!cv::imencode(".jpg", reb::wrap_bgr(bgr, width, height, stride), encoded, {cv::IMWRITE_JPEG_QUALITY, quality}))
      return reb::fail(REB_E_OPENCV, "encode JPEG: imencode failed");
    if (encoded.size() > static_cast<size_t>(capacity))
      return reb::fail(REB_E_SIZE, "encode JPEG: " + std::to_string(encoded.size()) + " bytes do not fit in " +
                                       std::to_string(capacity));
    std::memcpy(output, encoded.data(), encoded.size());
    *length = static_cast<int32_t>(encoded.size());
    return REB_OK;
  });
}

extern "C" int32_t reb_jpeg_decode(const uint8_t* jpeg, int32_t length, uint8_t* bgr, int32_t width, int32_t height,
                                   int32_t stride) {
  return reb::guard("decode JPEG", [&]() -> int32_t {
    if (jpeg == nullptr || length <= 0) return reb::fail(REB_E_ARGUMENT, "decode JPEG: no input");
    int32_t status = reb::check_image("decode JPEG", bgr, width, height, stride);
    if (status != REB_OK) return status;
    // Decoded into a Mat of its own, not straight into the caller's buffer: given a destination,
    // imdecode leaves it untouched when the bytes do not decode, and that failure could not be told
    // from success.
    cv::Mat decoded = cv::imdecode(cv::Mat(1, length, CV_8UC1, const_cast<uint8_t*>(jpeg)), cv::IMREAD_COLOR);
    if (decoded.empty()) return reb::fail(REB_E_OPENCV, "decode JPEG: not a decodable image");
    if (decoded.cols != width || decoded.rows != height)
      return reb::fail(REB_E_SIZE, "decode JPEG: image is " + std::to_string(decoded.cols) + "x" + std::to_string(decoded.rows) +
                                       ", the buffer " + std::to_string(width) + "x" + std::to_string(height));
    cv::Mat destination = reb::wrap_bgr(bgr, width, height, stride);
    decoded.copyTo(destination);
    return REB_OK;
  });
}
