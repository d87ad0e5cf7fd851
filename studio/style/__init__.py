"""House style and terminology: the site's style guide, a checker for drafts and its words for AI prompts."""

from studio.style.check import StyleFinding, check_content, check_text
from studio.style.model import AUDIENCES, StyleGuide, Term
from studio.style.prompt import prompt_block

__all__ = ["AUDIENCES", "StyleFinding", "StyleGuide", "Term", "check_content", "check_text", "prompt_block"]
