Attribute VB_Name = "xlwings"
' Test stand-in for xlwings' own module (which LibreOffice cannot compile): RunPython records
' each command it is given in column D of the sheet xlwings.conf, one row per call.
Option Explicit

Public Function RunPython(PythonCommand As String)
    Dim sht As Object
    Dim at As Long
    Set sht = ThisWorkbook.Worksheets("xlwings.conf")
    at = 1
    Do While sht.Cells(at, 4).Value <> ""
        at = at + 1
    Loop
    sht.Cells(at, 4).Value = PythonCommand
    RunPython = 0
End Function
