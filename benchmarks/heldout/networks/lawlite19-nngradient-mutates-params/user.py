import numpy as np


# cost function
def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, Lambda):
    length = nn_params.shape[0]  # total length of theta
    # unroll Theta1 and Theta2
    Theta1 = nn_params[0:hidden_layer_size*(input_layer_size+1)].reshape(hidden_layer_size, input_layer_size+1)
    Theta2 = nn_params[hidden_layer_size*(input_layer_size+1):length].reshape(num_labels, hidden_layer_size+1)

    m = X.shape[0]
    class_y = np.zeros((m, num_labels))  # map y (0-9) to 0/1 columns
    for i in range(num_labels):
        class_y[:, i] = np.int32(y == i).reshape(1, -1)

    # drop the first column of Theta1 and Theta2: regularization starts at 1
    Theta1_colCount = Theta1.shape[1]
    Theta1_x = Theta1[:, 1:Theta1_colCount]
    Theta2_colCount = Theta2.shape[1]
    Theta2_x = Theta2[:, 1:Theta2_colCount]
    term = np.dot(np.transpose(np.vstack((Theta1_x.reshape(-1, 1), Theta2_x.reshape(-1, 1)))),
                  np.vstack((Theta1_x.reshape(-1, 1), Theta2_x.reshape(-1, 1))))

    # forward propagation, adding a column of ones for the bias each time
    a1 = np.hstack((np.ones((m, 1)), X))
    z2 = np.dot(a1, np.transpose(Theta1))
    a2 = sigmoid(z2)
    a2 = np.hstack((np.ones((m, 1)), a2))
    z3 = np.dot(a2, np.transpose(Theta2))
    h = sigmoid(z3)
    # cost
    J = -(np.dot(np.transpose(class_y.reshape(-1, 1)), np.log(h.reshape(-1, 1)))
          + np.dot(np.transpose(1-class_y.reshape(-1, 1)), np.log(1-h.reshape(-1, 1)))
          - Lambda*term/2)/m
    return np.ravel(J)


# gradient
def nnGradient(nn_params, input_layer_size, hidden_layer_size, num_labels, X, y, Lambda):
    length = nn_params.shape[0]
    Theta1 = nn_params[0:hidden_layer_size*(input_layer_size+1)].reshape(hidden_layer_size, input_layer_size+1)
    Theta2 = nn_params[hidden_layer_size*(input_layer_size+1):length].reshape(num_labels, hidden_layer_size+1)
    m = X.shape[0]
    class_y = np.zeros((m, num_labels))
    for i in range(num_labels):
        class_y[:, i] = np.int32(y == i).reshape(1, -1)

    Theta1_colCount = Theta1.shape[1]
    Theta1_x = Theta1[:, 1:Theta1_colCount]
    Theta2_colCount = Theta2.shape[1]
    Theta2_x = Theta2[:, 1:Theta2_colCount]

    Theta1_grad = np.zeros((Theta1.shape))
    Theta2_grad = np.zeros((Theta2.shape))

    # forward propagation
    a1 = np.hstack((np.ones((m, 1)), X))
    z2 = np.dot(a1, np.transpose(Theta1))
    a2 = sigmoid(z2)
    a2 = np.hstack((np.ones((m, 1)), a2))
    z3 = np.dot(a2, np.transpose(Theta2))
    h = sigmoid(z3)

    # back propagation, delta is the error
    delta3 = np.zeros((m, num_labels))
    delta2 = np.zeros((m, hidden_layer_size))
    for i in range(m):
        delta3[i, :] = h[i, :]-class_y[i, :]  # cross-entropy error
        Theta2_grad = Theta2_grad+np.dot(np.transpose(delta3[i, :].reshape(1, -1)), a2[i, :].reshape(1, -1))
        delta2[i, :] = np.dot(delta3[i, :].reshape(1, -1), Theta2_x)*sigmoidGradient(z2[i, :])
        Theta1_grad = Theta1_grad+np.dot(np.transpose(delta2[i, :].reshape(1, -1)), a1[i, :].reshape(1, -1))

    Theta1[:, 0] = 0
    Theta2[:, 0] = 0
    # gradient
    grad = (np.vstack((Theta1_grad.reshape(-1, 1), Theta2_grad.reshape(-1, 1)))
            + Lambda*np.vstack((Theta1.reshape(-1, 1), Theta2.reshape(-1, 1))))/m
    return np.ravel(grad)


def sigmoid(z):
    h = np.zeros((len(z), 1))
    h = 1.0/(1.0+np.exp(-z))
    return h


def sigmoidGradient(z):
    g = sigmoid(z)*(1-sigmoid(z))
    return g
