import numpy as np


def svm_loss_vectorized(W, X, y, reg):
    """Structured SVM loss and gradient, vectorized. W is (D, C), X is (N, D)."""
    loss = 0.0
    dW = np.zeros(W.shape)

    # loss
    num_train = X.shape[0]
    scores = X.dot(W)
    rightscore = scores[np.arange(num_train), y]
    scores = scores - rightscore.reshape(-1, 1) + 1.
    scores[scores <= 0] = 0
    scores[np.arange(num_train), y] = 0
    loss = np.sum(scores) / num_train

    # gradient
    C = W.shape[1]
    mask = np.zeros((num_train, C))
    scores[scores > 0] = 1
    mask += scores
    mask[np.arange(num_train), y] = -np.sum(scores, axis=1)
    dW = X.T.dot(mask) / num_train
    dW += 2 * reg * W

    return loss, dW
