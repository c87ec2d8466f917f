"""``leaflet studio``: start the studio's server and open the page in the browser.

Standard output's first line is the page's address (with the session's token), so a script or
a test can read it; what follows is said in the user's language (``--ui-lang``, else the
locale).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import webbrowser

from ..errors import UsageError
from ..i18n import catalog, choose
from ..paths import choose_content


def run(args: argparse.Namespace) -> int:
    lang = choose(args.ui_lang)
    words = catalog()
    missing = [name for name in ("ruamel.yaml", "pypdfium2") if importlib.util.find_spec(name.split(".")[0]) is None]
    if missing:
        raise UsageError(words.text("cli.needs", lang, packages=", ".join(missing)))
    choice = choose_content(args.content)
    if choice.said and not choice.said.startswith("./"):  # the bundled sample, inside the program
        raise UsageError(words.text("cli.sample", lang))
    from ..content.loader import read_content
    from .server import serve
    from .session import Session

    read_content(choice.folder)  # a folder that does not exist is refused here, with its hint
    session = Session(choice.folder)
    server = serve(session, args.port, args.ui_lang)
    print(server.url, flush=True)
    print(words.text("cli.address", lang))
    print(words.text("cli.folder", lang, folder=session.folder))
    print(words.text("cli.stop", lang), flush=True)
    if not args.no_browser and not webbrowser.open(server.url):
        print(words.text("cli.no_browser", lang), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(words.text("cli.stopped", lang))
    finally:
        server.server_close()
        session.close()
    return 0
