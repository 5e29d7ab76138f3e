"""A reference layer library: correct numpy layers written to teach from, and the known bugs.

Each module holds the correct forward/backward pair of one family of layers (CS231n style:
`forward(*inputs) -> (out, cache)` or `(out1, out2, cache)`, `backward(dout..., cache)` -> one
gradient per differentiated input; loss layers return `(loss, dx)`), followed by the mistakes
learners make in them, each marked `# BUG:` with the reason.  `cases.py` registers every layer and
variant as a reference case with the rule that must name it.
"""
