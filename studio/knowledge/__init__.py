"""Knowledge base: load documents, split them, embed, store in Chroma, retrieve with citations."""
