"""How search plugs into the article lifecycle."""

from sahifa.articles.lifecycle import Consumer, register

from . import services


def register_all() -> None:
    # index_article reads the page as it is: it adds or updates a live
    # public article and drops anything else (unpublished, moved away from
    # readers, deleted), in the database index and the external engine.
    register(Consumer("search", sync=services.index_article))
