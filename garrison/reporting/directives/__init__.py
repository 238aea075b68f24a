"""Directives down: a province's directive to its communes, one receipt per commune
(acknowledged, completed), with files attached on either side."""
