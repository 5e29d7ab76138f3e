import numpy as np


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def log_sum_exp_over_rows(a):
    """log(sum(exp(a), axis=0)) computed stably; a is <classes> by <data cases>."""
    maxs = np.max(a, axis=0)
    return np.log(np.sum(np.exp(a - maxs), axis=0)) + maxs


def class_input_of(model, inputs):
    hid_input = np.dot(model['inputToHid'], inputs)
    hid_output = logistic(hid_input)
    return np.dot(model['hidToClass'], hid_output)


def predict_log_proba(class_input):
    class_normalizer = log_sum_exp_over_rows(class_input)
    return class_input - np.tile(class_normalizer, (np.size(class_input, 0), 1))


def loss(model, inputs, targets, wd_coeff):
    """Mean cross-entropy of the softmax output plus weight decay wd_coeff/2 * |theta|^2."""
    log_class_prob = predict_log_proba(class_input_of(model, inputs))
    classification_loss = -np.mean(np.sum(log_class_prob * targets, 0))
    theta = np.concatenate([model['inputToHid'].ravel(), model['hidToClass'].ravel()])
    wd_loss = np.sum(theta ** 2) / 2.0 * wd_coeff
    return classification_loss + wd_loss


def d_loss_by_d_model(model, inputs, targets, wd_coeff):
    """Returns a dict shaped like model holding d loss / d parameter."""
    ret_model = dict()

    hid_input = np.dot(model['inputToHid'], inputs)
    hid_output = logistic(hid_input)
    class_input = np.dot(model['hidToClass'], hid_output)
    class_prob = np.exp(predict_log_proba(class_input))

    # softmax with cross-entropy: the error derivative at the class input is prob - target
    error_deriv = class_prob - targets
    hid_to_output_weights_gradient = np.dot(hid_output, error_deriv.T) / float(np.size(hid_output, axis=1))
    ret_model['hidToClass'] = hid_to_output_weights_gradient.T

    backpropagate_error_deriv = np.dot(model['hidToClass'].T, error_deriv)
    input_to_hidden_weights_gradient = np.dot(
        inputs, ((1.0 - hid_output) * hid_output * backpropagate_error_deriv).T) / float(np.size(hid_output, axis=1))
    ret_model['inputToHid'] = input_to_hidden_weights_gradient.T

    # weight decay: E = 1/2 * wd_coeff * theta^2
    ret_model['inputToHid'] += model['inputToHid'] * wd_coeff
    ret_model['hidToClass'] += model['hidToClass'] * wd_coeff
    return ret_model
