import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)
    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == 'train':
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_ = (x - sample_mean) / np.sqrt(sample_var + eps)
        out = gamma * x_ + beta
        cache = (x, sample_mean, sample_var, x_, gamma, beta, eps)
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
    else:
        x_ = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_ + beta

    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, sample_mean, sample_var, x_, gamma, beta, eps = cache
    N = x.shape[0]
    dx_ = dout * gamma
    dsample_var = np.sum(dx_ * (x - sample_mean) * (-0.5) * (sample_var + eps) ** (-1.5), axis=0)
    dsample_mean = (np.sum(-dx_ / np.sqrt(sample_var + eps), axis=0)
                    + dsample_var * np.sum(-2 * (x - sample_mean), axis=0) / N)
    dx = dx_ / np.sqrt(sample_var + eps) + dsample_var * 2 * (x - sample_mean) / N + dsample_mean / N
    dgamma = np.sum(dout * x_, axis=0)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
