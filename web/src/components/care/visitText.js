// visitText.js - the words of visits (走访慰问, issue #12): the occasions
// of a visit (the festivals and the 六必访) and the festivals of a round,
// as the API names them (docs/API.md).
export const OCCASIONS = [
  { value: 'new_year', label: '元旦' },
  { value: 'spring', label: '春节' },
  { value: 'july1', label: '七一' },
  { value: 'double_ninth', label: '重阳' },
  { value: 'hospital', label: '住院' },
  { value: 'disaster', label: '受灾或意外' },
  { value: 'death', label: '亡故关怀' },
  { value: 'hardship', label: '生活困难' },
  { value: 'old_member', label: '老党员、离退休干部' },
  { value: 'emotional', label: '思想情绪波动' },
]
export const FESTIVALS = OCCASIONS.slice(0, 4)
export const festivalLabel = (code) => (FESTIVALS.find((f) => f.value === code) || {}).label || code
