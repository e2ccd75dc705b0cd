"""The public exercise library."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from routines.models import Exercise
from routines.selectors import library_exercises


def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(request, "routines/exercise_list.html", {"exercises": library_exercises(), "nav": "exercises"})


def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise, slug=slug)
    return render(request, "routines/exercise_detail.html", {"exercise": exercise, "nav": "exercises"})
