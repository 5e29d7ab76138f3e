import numpy as np


def softmax(v):
    e = np.exp(v - np.max(v))
    return e / np.sum(e)


def forward(params, x):
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    Bxh, Bhh, Byh = params["Bxh"], params["Bhh"], params["Byh"]
    T = x.shape[1]
    h = {-1: np.zeros(Whh.shape[0])}
    output = {}
    for t in range(T):
        h[t] = np.tanh(np.dot(Wxh, x[:, t]) + Bxh + np.dot(Whh, h[t - 1]) + Bhh)
        output[t] = softmax(np.dot(Why, h[t]) + Byh)
    return h, output


def loss(params, x, y):
    h, output = forward(params, x)
    return -sum(np.log(np.dot(output[t], y[:, t])) for t in range(x.shape[1]))


def backword(params, x, y):
    Wxh, Whh, Why = params["Wxh"], params["Whh"], params["Why"]
    h, output = forward(params, x)
    T = x.shape[1]
    D_Wyh = np.zeros_like(Why)
    D_Byh = np.zeros_like(params["Byh"])
    D_Whh = np.zeros_like(Whh)
    D_Bhh = np.zeros_like(params["Bhh"])
    D_Wxh = np.zeros_like(Wxh)
    D_Bxh = np.zeros_like(params["Bxh"])

    for t in range(T - 1, -1, -1):
        dQ = output[t] - y[:, t]
        if t == T - 1:
            dL_ht = np.dot(np.transpose(Why), dQ)
        else:
            dL_ht += np.dot(np.transpose(Why), dQ)

        D_Wyh += np.outer(dQ, h[t])
        D_Byh += dQ

        dh = (1 - h[t] * h[t])
        dt = dh * dL_ht
        D_Wxh += np.outer(dt, x[:, t])
        D_Bxh += dt

        D_Whh += np.outer(dt, h[t - 1])
        D_Bhh += dt

        dL_ht = np.dot(np.transpose(Whh), dt)

    return {"Wxh": D_Wxh, "Whh": D_Whh, "Why": D_Wyh,
            "Bxh": D_Bxh, "Bhh": D_Bhh, "Byh": D_Byh}
