// Letterbox + normalise + HWC→CHW into a model's input tensor with OpenCV's SIMD kernels: the
// alternative to RobotEdge's managed preprocessing, for sizes where it measures faster.
#include <opencv2/imgproc.hpp>

#include "bridge_common.h"

extern "C" int32_t reb_letterbox_tensor(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                        int32_t content_width, int32_t content_height, int32_t pad_x, int32_t pad_y,
                                        int32_t tensor_width, int32_t tensor_height, int32_t nearest,
                                        const int32_t* source_channel, const float* scale, const float* bias,
                                        uint8_t* scratch, float* tensor) {
  return reb::guard("letterbox", [&]() -> int32_t {
    int32_t status = reb::check_image("letterbox", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (source_channel == nullptr || scale == nullptr || bias == nullptr || scratch == nullptr || tensor == nullptr)
      return reb::fail(REB_E_ARGUMENT, "letterbox: null argument");
    if (content_width <= 0 || content_height <= 0 || pad_x < 0 || pad_y < 0 || pad_x + content_width > tensor_width ||
        pad_y + content_height > tensor_height)
      return reb::fail(REB_E_ARGUMENT, "letterbox: the content does not fit the tensor");
    const size_t area = static_cast<size_t>(content_width) * content_height;
    // Scratch: the resized BGR content, then its three planes; all caller-owned.
    cv::Mat resized(content_height, content_width, CV_8UC3, scratch);
    cv::Mat planes[3];
    for (int c = 0; c < 3; c++) planes[c] = cv::Mat(content_height, content_width, CV_8UC1, scratch + area * (3 + c));
    // Half-pixel centres, as RobotEdge's own resampling (INTER_NEAREST_EXACT, not INTER_NEAREST).
    cv::resize(reb::wrap_bgr(bgr, width, height, stride), resized, cv::Size(content_width, content_height), 0, 0,
               nearest != 0 ? cv::INTER_NEAREST_EXACT : cv::INTER_LINEAR);
    cv::split(resized, planes);
    const size_t plane_floats = static_cast<size_t>(tensor_width) * tensor_height;
    for (int c = 0; c < 3; c++) {
      if (source_channel[c] < 0 || source_channel[c] > 2) return reb::fail(REB_E_ARGUMENT, "letterbox: source channel out of range");
      float* origin = tensor + plane_floats * c + static_cast<size_t>(pad_y) * tensor_width + pad_x;
      cv::Mat destination(content_height, content_width, CV_32F, origin, static_cast<size_t>(tensor_width) * sizeof(float));
      planes[source_channel[c]].convertTo(destination, CV_32F, scale[c], bias[c]);
      if (destination.ptr<float>() != origin) return reb::fail(REB_E_INTERNAL, "letterbox: OpenCV reallocated the tensor plane");
    }
    if (resized.data != scratch) return reb::fail(REB_E_INTERNAL, "letterbox: OpenCV reallocated the scratch");
    return REB_OK;
  });
}
