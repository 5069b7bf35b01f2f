"""Request types for views that only signed-in staff reach.

`request.user` is `User | AnonymousUser` on a plain `HttpRequest`. Behind `signed_in` or
`for_roles` (clearsight.core.access) it is always a `User`, so those views take an
`AuthenticatedHttpRequest` instead. It lives here rather than in core because it names the
user model, and core sits below organisation.
"""

from django.http import HttpRequest

from clearsight.organisation.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
