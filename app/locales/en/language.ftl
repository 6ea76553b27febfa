language-switch = In English
