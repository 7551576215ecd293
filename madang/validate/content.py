"""Pages of content/ that are records: experiments (실험장) and news posts (소식)."""


def experiment(name, document, context, diagnostics):
    return None


def news_post(name, document, context, diagnostics):
    return None


def links(archive) -> list:
    return []
