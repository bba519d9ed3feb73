import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { lexicon } from './lexicon.js';

let instance: Jieba | null = null;

/**
 * The process's one jieba, with its full dictionary and our domain words. `new Jieba()` would have an empty
 * dictionary and cut text into single characters, which would silently ruin matching.
 */
export function segmenter(): Jieba {
  if (!instance) {
    instance = Jieba.withDict(dict);
    instance.loadDict(Buffer.from(lexicon().userDict));
  }
  return instance;
}
