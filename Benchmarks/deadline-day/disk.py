"""The disk's sequential write speed where the data folder lives, measured in the same run as the
uploads (the machine is shared, so a figure from another time would not compare)."""
import os
import re
import subprocess


def sequential_write_mb_per_s(folder, megabytes=1024):
    """dd of `megabytes` MiB with conv=fdatasync (the time includes getting it onto the disk, as the
    store's fsync does for each document), then the file is removed."""
    target = os.path.join(folder, "dd-probe.bin")
    try:
        done = subprocess.run(["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={megabytes}", "conv=fdatasync"],
                              capture_output=True, text=True, check=True)
    finally:
        if os.path.exists(target):
            os.unlink(target)
    # "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 1.2 s, 895 MB/s"
    found = re.search(r"(\d+) bytes.*copied, ([\d.]+) s", done.stderr)
    return int(found.group(1)) / float(found.group(2)) / 1e6


def fsynced_files_mb_per_s(folder, file_mb, total_mb, direct=True):
    """The disk written the way the document store writes uploads: files of `file_mb` MiB one after
    another, each made durable (dd conv=fsync) before the next begins, `total_mb` MiB in all. A single
    large dd with one fdatasync at the end lets the page cache absorb gigabytes before the disk is
    asked for anything, which is not what an upload gets; this is the fair yardstick for upload
    bytes per second.

    direct=True: 1 MiB blocks with oflag=direct, as the server writes an upload's full staging
    buffers, so the page cache takes no part and the figure is the disk's own speed. A file system
    that refuses O_DIRECT (tmpfs before Linux 6.6) is measured through the page cache instead, as the
    server then writes. `upload_yardstick` takes the faster of this and direct=False.

    direct=False: through the page cache with oflag=nocache: dd starts each block's writeback as it
    goes and drops the pages once clean, as the server does where O_DIRECT is refused."""
    import time
    count = max(1, total_mb // max(1, file_mb))
    flag = "oflag=direct" if direct else "oflag=nocache"
    began = time.monotonic()
    try:
        for index in range(count):
            done = subprocess.run(["dd", "if=/dev/zero", f"of={os.path.join(folder, f'dd-probe-{index}.bin')}", "bs=1M",
                                   f"count={file_mb}", "conv=fsync", flag], capture_output=True, text=True)
            if done.returncode != 0 and direct and "Invalid argument" in done.stderr:
                return fsynced_files_mb_per_s(folder, file_mb, total_mb, direct=False)
            done.check_returncode()
        elapsed = time.monotonic() - began
    finally:
        for index in range(count):
            path = os.path.join(folder, f"dd-probe-{index}.bin")
            if os.path.exists(path):
                os.unlink(path)
    return count * file_mb * 1024 * 1024 / elapsed / 1e6


def upload_yardstick(folder, file_mb, total_mb):
    """The disk's sequential write speed that uploads are held to: the faster of the fsync'd files
    written with O_DIRECT and through the page cache, so the target never rests on the slower way of
    measuring. Returns (yardstick, direct, cached) in MB/s."""
    direct = fsynced_files_mb_per_s(folder, file_mb, total_mb, direct=True)
    cached = fsynced_files_mb_per_s(folder, file_mb, total_mb, direct=False)
    return max(direct, cached), direct, cached
