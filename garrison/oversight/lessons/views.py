"""(filled by the lessons work of issue 19)"""
