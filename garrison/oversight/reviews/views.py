"""(filled by the reviews work of issue 19)"""
