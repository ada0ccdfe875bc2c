"""Open a macro workbook in LibreOffice (headless, through UNO), list its form buttons with the macro each is bound
to, list the Basic modules LibreOffice imported, and run each bound macro; print it all as JSON.

Run by Debian's /usr/bin/python3 (python3-uno), not by the project's venv:

    /usr/bin/python3 tests/uno_buttons.py WORKBOOK.xlsm [--run]

With --run each button's macro is run in turn and the cells column D of the sheet "xlwings.conf" holds afterwards
are reported (the test build's xlwings stub records each RunPython command there).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, timeout=60):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def main():
    path, run = os.path.abspath(sys.argv[1]), "--run" in sys.argv
    profile = tempfile.mkdtemp(prefix="kiemdiem-uno-")
    pipe = "kiemdiem" + str(os.getpid())
    office = subprocess.Popen(
        [shutil.which("soffice") or "soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    doc = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (
            prop("Hidden", True), prop("MacroExecutionMode", 4), prop("VBACompatibilityMode", True)))
        out = {"sheets": list(doc.Sheets.ElementNames), "buttons": [], "modules": {}, "runs": []}
        libraries = doc.BasicLibraries
        if libraries.hasByName("VBAProject"):
            libraries.loadLibrary("VBAProject")
            library = libraries.getByName("VBAProject")
            out["modules"] = {name: library.getByName(name) for name in library.ElementNames}
        for sheet_name in doc.Sheets.ElementNames:
            forms = doc.Sheets.getByName(sheet_name).DrawPage.Forms
            for f in range(forms.Count):
                form = forms.getByIndex(f)
                for index in range(form.Count):
                    control = form.getByIndex(index)
                    events = [{"listener": e.ListenerType, "method": e.EventMethod, "type": e.ScriptType,
                               "code": e.ScriptCode} for e in form.getScriptEvents(index)]
                    out["buttons"].append({"sheet": sheet_name, "label": getattr(control, "Label", ""),
                                           "events": events})
        if run:
            config = doc.Sheets.getByName("xlwings.conf")
            for button in out["buttons"]:
                for event in button["events"]:
                    if event["method"] not in ("actionPerformed",):
                        continue
                    error = ""
                    try:
                        doc.getScriptProvider().getScript(event["code"]).invoke((), (), ())
                    except Exception as exc:  # noqa: BLE001 - reported, the test judges
                        error = f"{type(exc).__name__}: {getattr(exc, 'Message', exc)}"
                    recorded = [config.getCellByPosition(3, r).getString() for r in range(20)]
                    out["runs"].append({"label": button["label"], "code": event["code"], "error": error,
                                        "recorded": [r for r in recorded if r]})
        print(json.dumps(out, ensure_ascii=False))
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001
                pass
        try:
            os.killpg(office.pid, 9)
        except OSError:
            pass
        office.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
