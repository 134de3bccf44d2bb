# Reference for the preprocessing benchmark: OpenCV's blobFromImage on a 640x480 BGR frame, as
# robotedge bench loop measures our own preprocessing. Needs Debian's python3-opencv:
#   apt-get install python3-opencv && /usr/bin/python3 scripts/reference/blob_from_image.py
import cv2, numpy as np, time
img = np.random.default_rng(1).integers(0,256,(480,640,3),dtype=np.uint8)
for size in (256,192):
    out=None
    for i in range(300): b=cv2.dnn.blobFromImage(img,1/255.0,(size,size),swapRB=True)
    t=[]
    for i in range(2000):
        t0=time.perf_counter(); b=cv2.dnn.blobFromImage(img,1/255.0,(size,size),swapRB=True); t.append(time.perf_counter()-t0)
    t.sort(); print(f"blobFromImage 640x480->{size}: median {t[len(t)//2]*1e3:.4f} ms  p99 {t[int(len(t)*.99)]*1e3:.4f} ms")
