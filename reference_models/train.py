"""Train the reference classifier, like seed 002's main.py:

    python -m reference_models.train -s 96 -l 0.1 -m 50 -b 200 [-d MNIST_DIR] [-c]

Without -d it uses scikit-learn's bundled 8x8 digits (no download), scaled to [0, 1], with a fixed
stratified 25% test split.  Progress goes to stderr; the two accuracy lines go to stdout.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Sequence, Tuple

import numpy as np

from . import classifier

TEST_FRACTION = 0.25
SPLIT_SEED = 0
CURVE_FILE = "learning_curve.png"


class MissingExtra(RuntimeError):
    """An optional dependency is not installed; the message names the extra."""


def hidden_sizes(text: str) -> List[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(
            f"hidden layer sizes must be positive integers separated by commas, e.g. '128,256'; "
            f"got {text!r}")
    return sizes


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reference_models.train",
                                description="Train the reference MLP (ReLU layers, softmax + "
                                            "cross-entropy, mini-batch SGD).")
    p.add_argument("-d", "--dir", dest="datadir", metavar="DATADIR",
                   help="directory with the MNIST IDX files; default: scikit-learn's 8x8 digits")
    p.add_argument("-s", "--hidden-layer-sizes", dest="sizes", type=hidden_sizes, default=[96],
                   metavar="SIZES",
                   help="sizes of hidden layers separated by commas, e.g. '128,256'")
    p.add_argument("-l", "--learning-rate", type=_positive(float), default=0.1)
    p.add_argument("-m", "--max-iter", type=_positive(int), default=50,
                   help="maximum number of iterations (epochs)")
    p.add_argument("-b", "--batch-size", type=_positive(int), default=200)
    p.add_argument("-c", "--save-learning-curve", action="store_true",
                   help=f"dumps learning curve graph to {CURVE_FILE}")
    p.add_argument("--seed", type=int, default=0, help="seed of the weights and the batch order")
    return p


def load_digits_split() -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
    except ImportError:
        raise MissingExtra("the bundled digits need scikit-learn: pip install "
                           "'backprop-doctor[data]' (or pass MNIST files with -d DATADIR)") from None
    digits = load_digits()
    X = digits.data / 16.0
    X_train, X_test, y_train, y_test = train_test_split(
        X, digits.target, test_size=TEST_FRACTION, stratify=digits.target, random_state=SPLIT_SEED)
    return X_train, y_train, X_test, y_test


def load_mnist_dir(datadir: str):
    from .mnist import load_mnist

    data = load_mnist(datadir)

    def flat(images):
        return images.reshape(len(images), -1) / 255.0

    return (flat(data.train_images), data.train_labels.astype(int),
            flat(data.test_images), data.test_labels.astype(int))


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise MissingExtra("saving the learning curve needs matplotlib: pip install "
                           "'backprop-doctor[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_learning_curve(history: classifier.History, path: str, plt) -> None:
    epochs = np.arange(1, len(history.loss) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, history.loss)
    ax_loss.set(xlabel="epoch", ylabel="training loss (cross-entropy)")
    ax_acc.plot(epochs, history.train_accuracy, label="train")
    ax_acc.plot(epochs, history.test_accuracy, label="test")
    ax_acc.set(xlabel="epoch", ylabel="accuracy")
    ax_acc.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)

    args = parser().parse_args(argv)
    err = Console(stderr=True)
    try:
        plt = _pyplot() if args.save_learning_curve else None
        if args.datadir:
            X_train, y_train, X_test, y_test = load_mnist_dir(args.datadir)
        else:
            X_train, y_train, X_test, y_test = load_digits_split()
    except (MissingExtra, FileNotFoundError, ValueError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2

    n_classes = int(max(y_train.max(), y_test.max())) + 1
    columns = (TextColumn("epoch"), MofNCompleteColumn(), BarColumn(),
               TextColumn("{task.fields[status]}"), TimeRemainingColumn())
    # a bar only on a terminal: in logs and pipes it would leave blank lines
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("train", total=args.max_iter, status="")

        def on_epoch(epoch, history):
            progress.update(task, advance=1, status=f"loss {history.loss[-1]:.4f}  "
                                                    f"test {history.test_accuracy[-1]:.1%}")

        params, history = classifier.fit(
            X_train, y_train, hidden_sizes=args.sizes, learning_rate=args.learning_rate,
            epochs=args.max_iter, batch_size=args.batch_size, seed=args.seed, n_classes=n_classes,
            X_test=X_test, labels_test=y_test, on_epoch=on_epoch)

    print(f"train accuracy: {classifier.accuracy(params, X_train, y_train):.1%}")
    print(f"test accuracy: {classifier.accuracy(params, X_test, y_test):.1%}")
    if plt is not None:
        save_learning_curve(history, CURVE_FILE, plt)
        err.print(f"learning curve saved to {CURVE_FILE}", markup=False, highlight=False,
                  soft_wrap=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
