"""Vietnamese first: the interface is Vietnamese unless the user chose English with the
language switch (cookie). Django's LocaleMiddleware would follow the browser's
Accept-Language, so an officer whose phone is set to English would get another language than
their colleagues, and papers and messages that exist only in Vietnamese.

The API (``/api/``) is the exception: a program calling it has no language switch, so without
the cookie it is answered in the language its ``Accept-Language`` asks for (refusals read
English with ``Accept-Language: en``), else in Vietnamese."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path_info.startswith(API_PREFIX):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
