"""Load MNIST from its original IDX files (as `train-images-idx3-ubyte`, optionally gzipped).

IDX layout (yann.lecun.com/exdb/mnist): two zero bytes, a type code (0x08 unsigned byte, 0x09 signed
byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, then each
dimension as a big-endian uint32, then the data, big-endian, row-major.  Files whose bytes start
with gzip's magic (1f 8b) are decompressed whatever their name.  Every way a file can be wrong
(not IDX, truncated, extra bytes, wrong rank, image and label counts that differ) is an
`IdxFormatError` naming the file and what was expected.
"""
from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from typing import Tuple, Union

import numpy as np

PathLike = Union[str, "os.PathLike[str]"]

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
GZIP_MAGIC = b"\x1f\x8b"
SPLITS = {"train": "train", "test": "t10k"}


class IdxFormatError(ValueError):
    """The bytes are not a well-formed IDX file of the expected kind."""


def parse_idx(data: bytes, source: str = "<bytes>") -> np.ndarray:
    """The array stored in IDX bytes, in native byte order."""
    if len(data) < 4:
        raise IdxFormatError(f"{source}: {len(data)} bytes is too short for an IDX header (4 bytes)")
    if data[0] != 0 or data[1] != 0:
        raise IdxFormatError(f"{source}: not an IDX file: magic number starts with "
                             f"{data[:2].hex()}, expected 0000")
    type_code, ndim = data[2], data[3]
    if type_code not in IDX_TYPES:
        raise IdxFormatError(f"{source}: unknown IDX type code 0x{type_code:02x} (known: "
                             + ", ".join(f"0x{c:02x}" for c in IDX_TYPES) + ")")
    if ndim == 0:
        raise IdxFormatError(f"{source}: IDX header declares 0 dimensions")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxFormatError(f"{source}: truncated header: {ndim} dimensions need {header} bytes, "
                             f"the file has {len(data)}")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(IDX_TYPES[type_code])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    actual = len(data) - header
    if actual != expected:
        kind = "truncated" if actual < expected else "has trailing bytes"
        raise IdxFormatError(f"{source}: data {kind}: shape {shape} of {dtype.name} needs "
                             f"{expected} bytes after the header, found {actual}")
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


def read_idx(path: PathLike) -> np.ndarray:
    """Read an IDX file, gzipped or not."""
    with open(path, "rb") as handle:
        raw = handle.read()
    source = os.fspath(path)
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise IdxFormatError(f"{source}: corrupt gzip data ({exc})") from None
    return parse_idx(raw, source)


def read_images(path: PathLike) -> np.ndarray:
    """(n, rows, cols) unsigned bytes, as in idx3-ubyte image files."""
    images = read_idx(path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise IdxFormatError(f"{os.fspath(path)}: expected images as 3-d unsigned bytes "
                             f"(idx3-ubyte), got {images.ndim}-d {images.dtype}")
    return images


def read_labels(path: PathLike) -> np.ndarray:
    """(n,) unsigned bytes, as in idx1-ubyte label files."""
    labels = read_idx(path)
    if labels.ndim != 1 or labels.dtype != np.uint8:
        raise IdxFormatError(f"{os.fspath(path)}: expected labels as 1-d unsigned bytes "
                             f"(idx1-ubyte), got {labels.ndim}-d {labels.dtype}")
    return labels


@dataclass(frozen=True)
class Mnist:
    train_images: np.ndarray  # (n, 28, 28) uint8
    train_labels: np.ndarray  # (n,) uint8
    test_images: np.ndarray
    test_labels: np.ndarray


def _candidates(directory: str, prefix: str, kind: str) -> Tuple[str, ...]:
    """The names MNIST is distributed under: `train-images-idx3-ubyte` and `train-images.idx3-ubyte`,
    each possibly `.gz`."""
    rank = "idx3" if kind == "images" else "idx1"
    names = [f"{prefix}-{kind}-{rank}-ubyte", f"{prefix}-{kind}.{rank}-ubyte"]
    return tuple(os.path.join(directory, n + ext) for n in names for ext in ("", ".gz"))


def find_file(directory: PathLike, prefix: str, kind: str) -> str:
    directory = os.fspath(directory)
    candidates = _candidates(directory, prefix, kind)
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(f"no MNIST {prefix} {kind} in {directory}: looked for "
                            + ", ".join(os.path.basename(p) for p in candidates))


def load_split(directory: PathLike, split: str) -> Tuple[np.ndarray, np.ndarray]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    images_path = find_file(directory, SPLITS[split], "images")
    labels_path = find_file(directory, SPLITS[split], "labels")
    images, labels = read_images(images_path), read_labels(labels_path)
    if len(images) != len(labels):
        raise IdxFormatError(f"{images_path} holds {len(images)} images but {labels_path} holds "
                             f"{len(labels)} labels")
    return images, labels


def load_mnist(directory: PathLike) -> Mnist:
    """Both splits from a directory holding the four standard files."""
    train_images, train_labels = load_split(directory, "train")
    test_images, test_labels = load_split(directory, "test")
    return Mnist(train_images, train_labels, test_images, test_labels)
