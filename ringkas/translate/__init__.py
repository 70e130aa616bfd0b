"""Translation: the contract (`base`), the guards (`guarded`), the cache (`cache`), the backends
(`marian`, the reference engine and the only importer of torch/transformers; `ct2`, the fast
one), the CTranslate2 conversion (`convert`) and the one door that loads them (`load`).

Kept empty on purpose: importing `ringkas.translate.base` must not import the door.
"""
