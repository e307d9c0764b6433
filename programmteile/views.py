"""Programme pages: the public Part IV information page."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from programmteile.models import Programmteil


@login_not_required
def teil4_information(request: HttpRequest) -> HttpResponse:
    teil = get_object_or_404(Programmteil, nummer="IV")
    return render(request, "programmteile/teil4.html", {"teil": teil})
