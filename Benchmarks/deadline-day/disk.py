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
