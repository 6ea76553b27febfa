language-switch = En español
