"""Users, roles, password hashing, encryption at rest, and the audit checkpoint key.

The only package that imports ``argon2`` and ``cryptography``.
"""
