"""Vietnamese first: the interface is Vietnamese unless the user chose English with the
language switch (cookie). Django's LocaleMiddleware would follow the browser's
Accept-Language, so an officer whose phone is set to English would get another language than
their colleagues, and papers and messages that exist only in Vietnamese."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
