// cv::dnn::blobFromImage into a caller buffer: the reference RobotEdge's preprocessing is measured against.
#include <opencv2/dnn.hpp>

#include "bridge_common.h"

extern "C" int32_t reb_blob_from_image(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                       int32_t out_width, int32_t out_height, double scale, const double* mean3,
                                       int32_t swap_rb, float* out) {
  return reb::guard("blobFromImage", [&]() -> int32_t {
    int32_t status = reb::check_image("blobFromImage", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (out == nullptr || mean3 == nullptr || out_width <= 0 || out_height <= 0)
      return reb::fail(REB_E_ARGUMENT, "blobFromImage: bad output description");
    cv::Mat image = reb::wrap_bgr(bgr, width, height, stride);
    const int shape[4] = {1, 3, out_height, out_width};
    cv::Mat blob(4, shape, CV_32F, out);
    cv::dnn::blobFromImage(image, blob, scale, cv::Size(out_width, out_height),
                           cv::Scalar(mean3[0], mean3[1], mean3[2]), swap_rb != 0, false, CV_32F);
    if (blob.ptr<float>() != out) return reb::fail(REB_E_INTERNAL, "blobFromImage: OpenCV reallocated the output");
    return REB_OK;
  });
}
