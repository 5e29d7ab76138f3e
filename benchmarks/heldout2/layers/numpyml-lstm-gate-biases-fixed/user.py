import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh_grad(z):
    return 1 - np.tanh(z) ** 2


def lstm_cell_forward(Xt, A_prev, C_prev, Wf, Wu, Wc, Wo, bf, bu, bc, bo):
    """One step of the LSTM cell. Xt (n_ex, n_in), A_prev and C_prev (n_ex, n_out),
    W* (n_out + n_in, n_out), b* (1, n_out)."""
    # concatenate the previous hidden state and the input
    Zt = np.hstack([A_prev, Xt])

    # compute the input to the gate functions at timestep t
    _Go = Zt @ Wo + bo
    _Gf = Zt @ Wf + bf
    _Gu = Zt @ Wu + bu
    _Gc = Zt @ Wc + bc

    Gf = sigmoid(_Gf)
    Gu = sigmoid(_Gu)
    Go = sigmoid(_Go)
    Cc = np.tanh(_Gc)

    Ct = Gf * C_prev + Gu * Cc
    At = Go * np.tanh(Ct)

    cache = (Zt, A_prev, C_prev, Wf, Wu, Wc, Wo, _Gf, _Gu, _Go, _Gc, Gf, Gu, Go, Cc, Ct)
    return At, Ct, cache


def lstm_cell_backward(dAt, dCt_next, cache):
    (Zt, A_prev, C_prev, Wf, Wu, Wc, Wo, _Gf, _Gu, _Go, _Gc, Gf, Gu, Go, Cc, Ct) = cache
    n_out = A_prev.shape[1]

    dCt = dCt_next + dAt * Go * tanh_grad(Ct)
    dGo = dAt * np.tanh(Ct) * sigmoid_grad(_Go)
    dGc = dCt * Gu * tanh_grad(_Gc)
    dGu = dCt * Cc * sigmoid_grad(_Gu)
    dGf = dCt * C_prev * sigmoid_grad(_Gf)

    dWf = Zt.T @ dGf
    dWu = Zt.T @ dGu
    dWc = Zt.T @ dGc
    dWo = Zt.T @ dGo
    dbf = dGf.sum(axis=0, keepdims=True)
    dbu = dGu.sum(axis=0, keepdims=True)
    dbc = dGc.sum(axis=0, keepdims=True)
    dbo = dGo.sum(axis=0, keepdims=True)

    dZ = dGf @ Wf.T + dGu @ Wu.T + dGc @ Wc.T + dGo @ Wo.T
    dA_prev = dZ[:, :n_out]
    dXt = dZ[:, n_out:]
    dC_prev = dCt * Gf
    return dXt, dA_prev, dC_prev, dWf, dWu, dWc, dWo, dbf, dbu, dbc, dbo
