package io.meterreader.camera.rtsp;

/** The video codecs the RTSP client depacketizes. */
enum VideoCodec { H264, H265 }
