"""The pinned models: what `models.lock` pins (`lock`) and the verified local copies (`store`:
hashes, the stat cache, downloads). Nothing here translates.
"""
