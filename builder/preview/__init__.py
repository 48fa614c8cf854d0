"""`cityindex preview`: the build's compose and render, cached between edits, served on 127.0.0.1."""
