"""Run probe cases with one Python HTTP library at its defaults; JSON cases on stdin, results on stdout.

    python python_client.py requests|httpx|urllib3|aiohttp|urllib.request

Each result is {"id", "status", "text", "error"}: the final response the library handed back
(after whatever redirects and retries it made by itself), or the exception it raised.
"""

import asyncio
import json
import platform
import sys
from importlib.metadata import version

TIMEOUT = 15


def run_requests(case):
    import requests

    response = requests.request(
        case["method"],
        case["url"],
        data=body(case),
        headers=case["headers"],
        auth=tuple(case["auth"]) if case["auth"] else None,
        timeout=TIMEOUT,
    )
    return response.status_code, response.text


def run_httpx(case):
    import httpx

    # httpx follows no redirect unless asked; the harness asks, as a caller who wants them followed would.
    response = httpx.request(
        case["method"],
        case["url"],
        content=body(case),
        headers=case["headers"],
        auth=tuple(case["auth"]) if case["auth"] else None,
        follow_redirects=True,
        timeout=TIMEOUT,
    )
    return response.status_code, response.text


def run_urllib3(case):
    import urllib3
    from urllib3.util import Retry, make_headers

    headers = dict(case["headers"])
    if case["auth"]:
        headers.update(make_headers(basic_auth=":".join(case["auth"])))
    # PoolManager's defaults (Retry.DEFAULT) unless the case adds the code to status_forcelist.
    retries = Retry(total=3, status_forcelist=[case["code"]]) if case["retry"] == "forcelist" else None
    kwargs = {"retries": retries} if retries else {}
    response = urllib3.PoolManager(timeout=TIMEOUT).request(
        case["method"], case["url"], body=body(case), headers=headers, **kwargs
    )
    return response.status, response.data.decode("utf-8", "replace")


def run_aiohttp(case):
    import aiohttp

    async def go():
        auth = aiohttp.BasicAuth(*case["auth"]) if case["auth"] else None
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
            async with session.request(
                case["method"], case["url"], data=body(case), headers=case["headers"], auth=auth
            ) as response:
                return response.status, await response.text()

    return asyncio.run(go())


def run_urllib_request(case):
    import urllib.error
    import urllib.request

    handlers = []
    if case["auth"]:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, case["url"], *case["auth"])
        handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(case["url"], data=body(case), headers=case["headers"], method=case["method"])
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:  # urllib raises for 4xx/5xx and for redirects it will not follow
        return error.code, error.read().decode("utf-8", "replace")


def body(case):
    return case["body"].encode() if case["body"] is not None else None


RUNNERS = {
    "requests": run_requests,
    "httpx": run_httpx,
    "urllib3": run_urllib3,
    "aiohttp": run_aiohttp,
    "urllib.request": run_urllib_request,
}


def library_version(library):
    return platform.python_version() if library == "urllib.request" else version(library)


def main():
    library = sys.argv[1]
    if sys.argv[2:] == ["--version"]:
        print(library_version(library))
        return
    results = []
    for case in json.load(sys.stdin):
        try:
            status, text = RUNNERS[library](case)
            results.append({"id": case["id"], "status": status, "text": text, "error": None})
        except Exception as error:  # the library gave up: that is the observation
            results.append({"id": case["id"], "status": None, "text": None, "error": type(error).__name__})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
