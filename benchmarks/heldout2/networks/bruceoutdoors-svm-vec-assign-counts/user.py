import numpy as np


def svm_loss_vectorized(W, X, y, reg):
    """Structured SVM loss, vectorized. Inputs and outputs as svm_loss_naive."""
    loss = 0.0
    dW = np.zeros(W.shape)

    num_train = X.shape[0]
    delta = 1.0

    scores = X.dot(W)
    correct_class_score = scores[np.arange(num_train), y]
    margins = np.maximum(0, scores - correct_class_score[:, np.newaxis] + delta)
    # the correct class would give delta: leave it out
    margins[np.arange(num_train), y] = 0
    loss = np.sum(margins)

    loss /= num_train
    loss += 0.5 * reg * np.sum(W * W)

    # fully vectorized gradient: X_mask[i, j] says how many times sample i is added to column j
    X_mask = np.zeros(margins.shape)
    X_mask[margins > 0] = 1
    # per sample, the number of classes with a positive margin
    incorrect_counts = np.sum(X_mask, axis=1)
    X_mask[np.arange(num_train), y] = -incorrect_counts
    dW = X.T.dot(X_mask)

    dW /= num_train
    dW += reg * W
    return loss, dW
