import numpy as np


def sigmoid(z):
    return(1 / (1 + np.exp(-z)))


def sigmoidGradient(z):
    return(sigmoid(z)*(1-sigmoid(z)))


def nnCostFunction(nn_params, input_layer_size, hidden_layer_size, num_labels, features, classes, L):

    # When comparing to Octave code note that Python uses zero-indexed arrays.
    # But because Numpy indexing does not include the right side, the code is the same anyway.
    theta1 = nn_params[0:(hidden_layer_size*(input_layer_size+1))].reshape(hidden_layer_size,(input_layer_size+1))
    theta2 = nn_params[(hidden_layer_size*(input_layer_size+1)):].reshape(num_labels,(hidden_layer_size+1))

    m = features.shape[0]
    y_matrix = (classes.ravel()[:, None] == np.unique(classes)[None, :]).astype(float)

    # Cost
    a1 = features # 5000x401

    z2 = theta1.dot(a1.T) # 25x401 * 401x5000 = 25x5000
    a2 = np.c_[np.ones((features.shape[0],1)),sigmoid(z2.T)] # 5000x26

    z3 = theta2.dot(a2.T) # 10x26 * 26x5000 = 10x5000
    a3 = sigmoid(z3) # 10x5000

    J = -1*(1/m)*np.sum((np.log(a3.T)*(y_matrix)+np.log(1-a3).T*(1-y_matrix))) + \
        (L/(2*m))*(np.sum(np.square(theta1[:,1:])) + np.sum(np.square(theta2[:,1:])))

    # Gradients
    d3 = a3.T - y_matrix # 5000x10
    d2 = theta2[:,1:].T.dot(d3.T)*sigmoidGradient(z2) # 25x10 *10x5000 * 25x5000 = 25x5000

    delta1 = d2.dot(a1) # 25x5000 * 5000x401 = 25x401
    delta2 = d3.T.dot(a2) # 10x5000 *5000x26 = 10x26

    theta1_ = np.c_[np.zeros((theta1.shape[0],1)),theta1[:,1:]]
    theta2_ = np.c_[np.zeros((theta2.shape[0],1)),theta2[:,1:]]

    theta1_grad = delta1/m + (theta1_*L)/m
    theta2_grad = delta2/m + (theta2_*L)/m

    return(J, theta1_grad, theta2_grad)
