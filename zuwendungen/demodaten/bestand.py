def bestand_demodaten(*, stdout) -> None:
    return None
