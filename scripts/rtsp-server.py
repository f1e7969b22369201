#!/usr/bin/python3
"""A small RTSP server for tests and benchmarks: serves H.264 (or H.265) MP4 files on several mounts.

    scripts/rtsp-server.py --port 8554 --mount cam1=video.mp4 --mount cam2=other.mp4 [--log plays.log] [--codec h265]

Each client gets its own media, started from the beginning of the file, so a stream's time is the
file's time. Each time a client starts playing, a line "PLAY <mount> <unix-millis>" goes to the log
(default stdout): with it a test can tell which frame of the file the service was shown when.
Uses GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0, python3-gi,
gstreamer1.0-plugins-good/-bad). Listens on 127.0.0.1 unless told otherwise. Stops on SIGTERM or SIGINT.
"""
import argparse
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 inside a container)")
    parser.add_argument("--mount", action="append", required=True, metavar="NAME=FILE",
                        help="serve FILE (H.264 in MP4) at rtsp://127.0.0.1:PORT/NAME")
    parser.add_argument("--log", help="file to append PLAY lines to (default: stdout)")
    parser.add_argument("--codec", choices=["h264", "h265"], default="h264",
                        help="the files' video codec (default h264)")
    args = parser.parse_args()

    Gst.init(None)
    log = open(args.log, "a", buffering=1) if args.log else sys.stdout

    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()

    for spec in args.mount:
        name, _, path = spec.partition("=")
        if not name or not path:
            parser.error("--mount wants NAME=FILE, got " + spec)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(
            "( filesrc location=\"%s\" ! qtdemux ! %sparse config-interval=-1 ! rtp%spay name=pay0 pt=96 )"
            % (path.replace('"', ''), args.codec, args.codec))
        factory.set_shared(False)

        def on_configure(_factory, media, mount=name):
            def on_state(_media, state):
                if state == Gst.State.PLAYING:
                    log.write("PLAY %s %d\n" % (mount, int(time.time() * 1000)))
            media.connect("new-state", on_state)

        factory.connect("media-configure", on_configure)
        mounts.add_factory("/" + name, factory)

    if server.attach(None) == 0:
        print("rtsp-server: cannot listen on %s:%d" % (args.address, args.port), file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("rtsp-server: listening on rtsp://%s:%d/ (%s)" % (
        args.address, args.port, ", ".join(m.partition("=")[0] for m in args.mount)), file=sys.stderr, flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
