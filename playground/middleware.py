"""The playground's middleware: the per-address rate limit on /try/ and /lab/."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async

from config.middleware import client_address

from .ratelimit import count_request, too_many_requests

LIMITED_PREFIXES = ("/try/", "/lab/")


class RateLimitMiddleware:
    """Answers 429 once an address is over its budget on /try/ and /lab/; works sync and async.

    Under ASGI the cache calls run in a worker thread, so counting never blocks the event
    loop that holds the sleeping requests.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        if not request.path.startswith(LIMITED_PREFIXES):
            return self.get_response(request)
        quota = count_request(client_address(request) or "")
        return self.answer(request, quota, self.get_response(request) if not quota.exceeded else None)

    async def __acall__(self, request):
        if not request.path.startswith(LIMITED_PREFIXES):
            return await self.get_response(request)
        quota = await sync_to_async(count_request, thread_sensitive=False)(client_address(request) or "")
        return self.answer(request, quota, await self.get_response(request) if not quota.exceeded else None)

    @staticmethod
    def answer(request, quota, response):
        if response is None:
            response = too_many_requests(request, quota)
        for name, value in quota.headers().items():
            response[name] = value
        return response
