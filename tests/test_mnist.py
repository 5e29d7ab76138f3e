"""The MNIST loader reads real IDX bytes (plain and gzipped) and names every way a file is wrong."""
from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from reference_models.mnist import (IdxFormatError, load_mnist, load_split, parse_idx, read_idx,
                                    read_images, read_labels)

TYPE_CODES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(np.int16): 0x0B,
              np.dtype(np.int32): 0x0C, np.dtype(np.float32): 0x0D, np.dtype(np.float64): 0x0E}


def idx_bytes(array):
    """IDX encoding written independently of the loader: struct header, big-endian data."""
    array = np.asarray(array)
    header = struct.pack(">BBBB", 0, 0, TYPE_CODES[array.dtype], array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write(path, data, gz=False):
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.fixture
def images():
    return np.random.default_rng(0).integers(0, 256, size=(5, 4, 3), dtype=np.uint8)


@pytest.fixture
def labels():
    return np.array([3, 0, 9, 1, 7], dtype=np.uint8)


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_reads_images_and_labels(tmp_path, images, labels, gz):
    img = read_images(write(tmp_path / "img", idx_bytes(images), gz))
    lab = read_labels(write(tmp_path / "lab", idx_bytes(labels), gz))
    np.testing.assert_array_equal(img, images)
    np.testing.assert_array_equal(lab, labels)
    assert img.dtype == np.uint8 and img.shape == (5, 4, 3)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.float32, np.float64],
                         ids=lambda d: np.dtype(d).name)
def test_all_idx_types_round_trip_in_native_byte_order(tmp_path, dtype):
    array = (np.arange(24).reshape(2, 3, 4) - 7).astype(dtype) * (1.5 if np.dtype(dtype).kind == "f" else 1)
    out = read_idx(write(tmp_path / "a.idx", idx_bytes(array)))
    np.testing.assert_array_equal(out, array)
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative


def test_big_endian_dimensions_are_decoded():
    data = bytes([0, 0, 0x08, 1]) + (258).to_bytes(4, "big") + bytes(range(256)) + b"\x01\x02"
    assert parse_idx(data).shape == (258,)


HEADER = bytes([0, 0, 0x08, 1]) + (3).to_bytes(4, "big")


@pytest.mark.parametrize("data, message", [
    (b"\x00\x00", r"2 bytes is too short for an IDX header"),
    (b"PK\x03\x04rest", r"not an IDX file: magic number starts with 504b"),
    (bytes([0, 0, 0x07, 1]) + (3).to_bytes(4, "big") + b"abc", r"unknown IDX type code 0x07"),
    (bytes([0, 0, 0x08, 0]), r"declares 0 dimensions"),
    (bytes([0, 0, 0x08, 3]) + (3).to_bytes(4, "big"), r"truncated header: 3 dimensions need 16 bytes"),
    (HEADER + b"ab", r"data truncated: shape \(3,\) of uint8 needs 3 bytes .* found 2"),
    (HEADER + b"abcd", r"data has trailing bytes: .* found 4"),
], ids=["too-short", "bad-magic", "unknown-type", "zero-dims", "truncated-header", "truncated-data",
        "trailing-bytes"])
def test_malformed_bytes_are_named(data, message):
    with pytest.raises(IdxFormatError, match=message):
        parse_idx(data, "f.idx")


def test_errors_name_the_file(tmp_path):
    path = write(tmp_path / "broken-idx1-ubyte", HEADER + b"ab")
    with pytest.raises(IdxFormatError, match=r"broken-idx1-ubyte: data truncated"):
        read_idx(path)


def test_corrupt_gzip_is_an_idx_error(tmp_path, labels):
    data = gzip.compress(idx_bytes(labels))
    path = write(tmp_path / "lab.gz", data[:len(data) // 2])
    with pytest.raises(IdxFormatError, match=r"lab.gz: corrupt gzip data"):
        read_idx(path)


def test_gzip_is_detected_by_content_not_name(tmp_path, labels):
    np.testing.assert_array_equal(read_idx(write(tmp_path / "plain-name", idx_bytes(labels), gz=True)),
                                  labels)


def test_labels_file_given_as_images_is_refused(tmp_path, labels):
    path = write(tmp_path / "lab", idx_bytes(labels))
    with pytest.raises(IdxFormatError, match=r"expected images as 3-d unsigned bytes .* got 1-d uint8"):
        read_images(path)


def test_float_labels_are_refused(tmp_path):
    path = write(tmp_path / "lab", idx_bytes(np.zeros(4, dtype=np.float32)))
    with pytest.raises(IdxFormatError, match=r"expected labels as 1-d unsigned bytes .* got 1-d float32"):
        read_labels(path)


def make_dir(tmp_path, n_train=5, n_test=3, gz_test=True):
    rng = np.random.default_rng(1)
    files = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 10, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels.idx1-ubyte": rng.integers(0, 10, 3, dtype=np.uint8),  # Kaggle-style name
    }
    for name, array in files.items():
        gz = gz_test and name.startswith("t10k")
        write(tmp_path / (name + (".gz" if gz else "")), idx_bytes(array), gz)
    return files


def test_load_mnist_finds_the_standard_names(tmp_path):
    files = make_dir(tmp_path)
    data = load_mnist(tmp_path)
    np.testing.assert_array_equal(data.train_images, files["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(data.train_labels, files["train-labels-idx1-ubyte"])
    np.testing.assert_array_equal(data.test_images, files["t10k-images-idx3-ubyte"])
    np.testing.assert_array_equal(data.test_labels, files["t10k-labels.idx1-ubyte"])


def test_missing_file_lists_the_names_tried(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no MNIST train images in .*train-images-idx3-ubyte, "
                                                r"train-images-idx3-ubyte.gz"):
        load_mnist(tmp_path)


def test_image_and_label_counts_must_agree(tmp_path):
    make_dir(tmp_path, n_test=4)
    with pytest.raises(IdxFormatError, match=r"holds 4 images but .* holds 3 labels"):
        load_split(tmp_path, "test")


def test_unknown_split(tmp_path):
    with pytest.raises(ValueError, match=r"split must be one of \['test', 'train'\], got 'valid'"):
        load_split(tmp_path, "valid")
