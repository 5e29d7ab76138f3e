"""The tutorial's gradient_check: error = sum of the last output h, sensitivity all ones,
IdentityActivator. One input vector (a one-step sequence; see the manifest), and weights drawn
larger than the 1e-4 of init_weight_mat so the check has something to measure."""
import numpy as np

from user import LstmLayer, IdentityActivator

NAMES = ["Wfh", "Wfx", "bf", "Wih", "Wix", "bi", "Woh", "Wox", "bo", "Wch", "Wcx", "bc"]
np.random.seed(0)
lstm = LstmLayer(3, 2, 1e-3)
PARAMS = {}
for name in NAMES:
    PARAMS[name] = 0.5 * np.random.randn(*getattr(lstm, name).shape)
x = np.array([[1.], [2.], [3.]])
ARGS = (x,)


def _load(params):
    for name in NAMES:
        setattr(lstm, name, params[name])
    lstm.reset_state()


def cost(params, x):
    _load(params)
    lstm.forward(x)
    return lstm.h_list[-1].sum()


def grad(params, x):
    _load(params)
    lstm.forward(x)
    lstm.backward(x, np.ones(lstm.h_list[-1].shape), IdentityActivator())
    return {name: getattr(lstm, name + "_grad") for name in NAMES}
