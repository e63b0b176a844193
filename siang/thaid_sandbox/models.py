"""What the ThaiD sandbox remembers: its signing key, the people who signed in, codes and tokens.

These tables exist only where the sandbox is installed (never in production). Unlike the rest of
Siang they hold citizen IDs in the clear, as the real ThaiD does on its side: they stand for the
provider, not for Siang.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SigningKey(models.Model):
    """The ES256 key that signs ID tokens, created on first use (see `keys.signing_key`)."""

    name = models.CharField(max_length=20, unique=True)
    kid = models.CharField(max_length=64, unique=True)
    private_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.kid


class Person(models.Model):
    """Someone who signed in at the sandbox, as ThaiD knows them."""

    citizen_id = models.CharField(max_length=13, unique=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name_en or f"person {self.pk}"

    def get_user_id(self) -> str:
        return self.citizen_id


class AuthorizationCode(models.Model):
    code = models.CharField(max_length=120, unique=True)
    client_id = models.CharField(max_length=120)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    redirect_uri = models.TextField()
    scope = models.TextField()
    nonce = models.CharField(max_length=255, blank=True, db_index=True)
    code_challenge = models.CharField(max_length=128, blank=True)
    code_challenge_method = models.CharField(max_length=10, blank=True)
    auth_time = models.PositiveBigIntegerField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"code for {self.client_id}, expires {self.expires_at:%H:%M:%S}"

    # The methods Authlib's grants call on an authorization code.
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce or None

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return None

    def get_amr(self) -> list[str] | None:
        return None


class Token(models.Model):
    client_id = models.CharField(max_length=120)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    code = models.ForeignKey(AuthorizationCode, on_delete=models.SET_NULL, null=True, related_name="tokens")
    token_type = models.CharField(max_length=40, default="Bearer")
    access_token = models.CharField(max_length=255, unique=True)
    scope = models.TextField()
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"token for {self.client_id}{' (revoked)' if self.revoked else ''}"

    # The methods Authlib's endpoints call on a token.
    def check_client(self, client: object) -> bool:
        return self.client_id == getattr(client, "client_id", None)

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return max(0, int((self.expires_at - timezone.now()).total_seconds()))

    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> Person:
        return self.person
