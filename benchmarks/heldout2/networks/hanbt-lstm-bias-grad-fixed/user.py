import numpy as np


class SigmoidActivator(object):
    def forward(self, weighted_input):
        return 1.0 / (1.0 + np.exp(-weighted_input))

    def backward(self, output):
        return output * (1 - output)


class TanhActivator(object):
    def forward(self, weighted_input):
        return 2.0 / (1.0 + np.exp(-2 * weighted_input)) - 1.0

    def backward(self, output):
        return 1 - output * output


class IdentityActivator(object):
    def forward(self, weighted_input):
        return weighted_input

    def backward(self, output):
        return 1


class LstmLayer(object):
    def __init__(self, input_width, state_width, learning_rate):
        self.input_width = input_width
        self.state_width = state_width
        self.learning_rate = learning_rate
        self.gate_activator = SigmoidActivator()      # gates
        self.output_activator = TanhActivator()       # candidate and output
        self.reset_state()
        # forget gate, input gate, output gate, candidate state: Wh, Wx, b each
        self.Wfh, self.Wfx, self.bf = self.init_weight_mat()
        self.Wih, self.Wix, self.bi = self.init_weight_mat()
        self.Woh, self.Wox, self.bo = self.init_weight_mat()
        self.Wch, self.Wcx, self.bc = self.init_weight_mat()

    def init_state_vec(self):
        return [np.zeros((self.state_width, 1))]

    def init_weight_mat(self):
        Wh = np.random.uniform(-1e-4, 1e-4, (self.state_width, self.state_width))
        Wx = np.random.uniform(-1e-4, 1e-4, (self.state_width, self.input_width))
        b = np.zeros((self.state_width, 1))
        return Wh, Wx, b

    def reset_state(self):
        self.times = 0
        self.c_list = self.init_state_vec()   # cell state per step
        self.h_list = self.init_state_vec()   # output per step
        self.f_list = self.init_state_vec()   # forget gate
        self.i_list = self.init_state_vec()   # input gate
        self.o_list = self.init_state_vec()   # output gate
        self.ct_list = self.init_state_vec()  # candidate state c~

    def forward(self, x):
        self.times += 1
        fg = self.calc_gate(x, self.Wfx, self.Wfh, self.bf, self.gate_activator)
        self.f_list.append(fg)
        ig = self.calc_gate(x, self.Wix, self.Wih, self.bi, self.gate_activator)
        self.i_list.append(ig)
        og = self.calc_gate(x, self.Wox, self.Woh, self.bo, self.gate_activator)
        self.o_list.append(og)
        ct = self.calc_gate(x, self.Wcx, self.Wch, self.bc, self.output_activator)
        self.ct_list.append(ct)
        c = fg * self.c_list[self.times - 1] + ig * ct
        self.c_list.append(c)
        h = og * self.output_activator.forward(c)
        self.h_list.append(h)

    def calc_gate(self, x, Wx, Wh, b, activator):
        h = self.h_list[self.times - 1]
        net = np.dot(Wh, h) + np.dot(Wx, x) + b
        return activator.forward(net)

    def backward(self, x, delta_h, activator):
        self.calc_delta(delta_h, activator)
        self.calc_gradient(x)

    def calc_delta(self, delta_h, activator):
        self.delta_h_list = self.init_delta()
        self.delta_o_list = self.init_delta()
        self.delta_i_list = self.init_delta()
        self.delta_f_list = self.init_delta()
        self.delta_ct_list = self.init_delta()
        self.delta_h_list[-1] = delta_h
        for k in range(self.times, 0, -1):
            self.calc_delta_k(k)

    def init_delta(self):
        return [np.zeros((self.state_width, 1)) for _ in range(self.times + 1)]

    def calc_delta_k(self, k):
        ig = self.i_list[k]
        og = self.o_list[k]
        fg = self.f_list[k]
        ct = self.ct_list[k]
        c = self.c_list[k]
        c_prev = self.c_list[k - 1]
        tanh_c = self.output_activator.forward(c)
        delta_k = self.delta_h_list[k]

        delta_o = delta_k * tanh_c * self.gate_activator.backward(og)
        delta_f = delta_k * og * (1 - tanh_c * tanh_c) * c_prev * self.gate_activator.backward(fg)
        delta_i = delta_k * og * (1 - tanh_c * tanh_c) * ct * self.gate_activator.backward(ig)
        delta_ct = delta_k * og * (1 - tanh_c * tanh_c) * ig * self.output_activator.backward(ct)
        delta_h_prev = (np.dot(delta_o.transpose(), self.Woh) +
                        np.dot(delta_i.transpose(), self.Wih) +
                        np.dot(delta_f.transpose(), self.Wfh) +
                        np.dot(delta_ct.transpose(), self.Wch)).transpose()

        self.delta_h_list[k - 1] = delta_h_prev
        self.delta_f_list[k] = delta_f
        self.delta_i_list[k] = delta_i
        self.delta_o_list[k] = delta_o
        self.delta_ct_list[k] = delta_ct

    def calc_gradient(self, x):
        self.Wfh_grad, self.Wfx_grad, self.bf_grad = self.init_weight_gradient_mat()
        self.Wih_grad, self.Wix_grad, self.bi_grad = self.init_weight_gradient_mat()
        self.Woh_grad, self.Wox_grad, self.bo_grad = self.init_weight_gradient_mat()
        self.Wch_grad, self.Wcx_grad, self.bc_grad = self.init_weight_gradient_mat()

        # the gradient of the h-weights and biases is the sum over the steps
        for t in range(self.times, 0, -1):
            (Wfh_grad, bf_grad, Wih_grad, bi_grad,
             Woh_grad, bo_grad, Wch_grad, bc_grad) = self.calc_gradient_t(t)
            self.Wfh_grad += Wfh_grad
            self.bf_grad += bf_grad
            self.Wih_grad += Wih_grad
            self.bi_grad += bi_grad
            self.Woh_grad += Woh_grad
            self.bo_grad += bo_grad
            self.Wch_grad += Wch_grad
            self.bc_grad += bc_grad

        # x-weights: from the current input
        xt = x.transpose()
        self.Wfx_grad = np.dot(self.delta_f_list[-1], xt)
        self.Wix_grad = np.dot(self.delta_i_list[-1], xt)
        self.Wox_grad = np.dot(self.delta_o_list[-1], xt)
        self.Wcx_grad = np.dot(self.delta_ct_list[-1], xt)

    def init_weight_gradient_mat(self):
        Wh_grad = np.zeros((self.state_width, self.state_width))
        Wx_grad = np.zeros((self.state_width, self.input_width))
        b_grad = np.zeros((self.state_width, 1))
        return Wh_grad, Wx_grad, b_grad

    def calc_gradient_t(self, t):
        h_prev = self.h_list[t - 1].transpose()
        Wfh_grad = np.dot(self.delta_f_list[t], h_prev)
        bf_grad = self.delta_f_list[t]
        Wih_grad = np.dot(self.delta_i_list[t], h_prev)
        bi_grad = self.delta_i_list[t]
        Woh_grad = np.dot(self.delta_o_list[t], h_prev)
        bo_grad = self.delta_o_list[t]
        Wch_grad = np.dot(self.delta_ct_list[t], h_prev)
        bc_grad = self.delta_ct_list[t]
        return Wfh_grad, bf_grad, Wih_grad, bi_grad, Woh_grad, bo_grad, Wch_grad, bc_grad
